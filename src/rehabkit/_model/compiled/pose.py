"""attrs' methods for the classes of ``rehabkit._model.pose``, as the text attrs writes for them.

Written by scripts/update-model-methods; do not edit (see ``rehabkit._model.methods``).
"""

# mypy: ignore-errors
# fmt: off

# attrs compiles its text under this future import of its own module: so are these.
from __future__ import annotations


def _Joints():
    def __repr__(self):
      try:
        already_repring = _compat.repr_context.already_repring
      except AttributeError:
        already_repring = {id(self),}
        _compat.repr_context.already_repring = already_repring
      else:
        if id(self) in already_repring:
          return '...'
        else:
          already_repring.add(id(self))
      try:
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(trunk={self.trunk!r}, hip={self.hip!r}, hip_abduction={self.hip_abduction!r}, hip_rotation={self.hip_rotation!r}, knee={self.knee!r}, ankle={self.ankle!r}, shoulder={self.shoulder!r}, elbow={self.elbow!r}, shoulder_abduction={self.shoulder_abduction!r}, shoulder_rotation={self.shoulder_rotation!r}, shoulder_horizontal={self.shoulder_horizontal!r}, scapula_elevation={self.scapula_elevation!r}, scapula_retraction={self.scapula_retraction!r}, forearm={self.forearm!r}, wrist={self.wrist!r}, trunk_rotation={self.trunk_rotation!r}, trunk_side_bend={self.trunk_side_bend!r}, neck={self.neck!r}, neck_rotation={self.neck_rotation!r}, neck_side_bend={self.neck_side_bend!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.trunk == other.trunk and
            self.hip == other.hip and
            self.hip_abduction == other.hip_abduction and
            self.hip_rotation == other.hip_rotation and
            self.knee == other.knee and
            self.ankle == other.ankle and
            self.shoulder == other.shoulder and
            self.elbow == other.elbow and
            self.shoulder_abduction == other.shoulder_abduction and
            self.shoulder_rotation == other.shoulder_rotation and
            self.shoulder_horizontal == other.shoulder_horizontal and
            self.scapula_elevation == other.scapula_elevation and
            self.scapula_retraction == other.scapula_retraction and
            self.forearm == other.forearm and
            self.wrist == other.wrist and
            self.trunk_rotation == other.trunk_rotation and
            self.trunk_side_bend == other.trunk_side_bend and
            self.neck == other.neck and
            self.neck_rotation == other.neck_rotation and
            self.neck_side_bend == other.neck_side_bend
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.trunk,
                    self.hip,
                    self.hip_abduction,
                    self.hip_rotation,
                    self.knee,
                    self.ankle,
                    self.shoulder,
                    self.elbow,
                    self.shoulder_abduction,
                    self.shoulder_rotation,
                    self.shoulder_horizontal,
                    self.scapula_elevation,
                    self.scapula_retraction,
                    self.forearm,
                    self.wrist,
                    self.trunk_rotation,
                    self.trunk_side_bend,
                    self.neck,
                    self.neck_rotation,
                    self.neck_side_bend,
                ))
    def __init__(self, *, trunk=attr_dict['trunk'].default, hip=attr_dict['hip'].default, hip_abduction=attr_dict['hip_abduction'].default, hip_rotation=attr_dict['hip_rotation'].default, knee=attr_dict['knee'].default, ankle=attr_dict['ankle'].default, shoulder=attr_dict['shoulder'].default, elbow=attr_dict['elbow'].default, shoulder_abduction=attr_dict['shoulder_abduction'].default, shoulder_rotation=attr_dict['shoulder_rotation'].default, shoulder_horizontal=attr_dict['shoulder_horizontal'].default, scapula_elevation=attr_dict['scapula_elevation'].default, scapula_retraction=attr_dict['scapula_retraction'].default, forearm=attr_dict['forearm'].default, wrist=attr_dict['wrist'].default, trunk_rotation=attr_dict['trunk_rotation'].default, trunk_side_bend=attr_dict['trunk_side_bend'].default, neck=attr_dict['neck'].default, neck_rotation=attr_dict['neck_rotation'].default, neck_side_bend=attr_dict['neck_side_bend'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('trunk', trunk)
        _setattr('hip', hip)
        _setattr('hip_abduction', hip_abduction)
        _setattr('hip_rotation', hip_rotation)
        _setattr('knee', knee)
        _setattr('ankle', ankle)
        _setattr('shoulder', shoulder)
        _setattr('elbow', elbow)
        _setattr('shoulder_abduction', shoulder_abduction)
        _setattr('shoulder_rotation', shoulder_rotation)
        _setattr('shoulder_horizontal', shoulder_horizontal)
        _setattr('scapula_elevation', scapula_elevation)
        _setattr('scapula_retraction', scapula_retraction)
        _setattr('forearm', forearm)
        _setattr('wrist', wrist)
        _setattr('trunk_rotation', trunk_rotation)
        _setattr('trunk_side_bend', trunk_side_bend)
        _setattr('neck', neck)
        _setattr('neck_rotation', neck_rotation)
        _setattr('neck_side_bend', neck_side_bend)
        if _config._run_validators is True:
            __attr_validator_trunk(self, __attr_trunk, self.trunk)
            __attr_validator_hip(self, __attr_hip, self.hip)
            __attr_validator_hip_abduction(self, __attr_hip_abduction, self.hip_abduction)
            __attr_validator_hip_rotation(self, __attr_hip_rotation, self.hip_rotation)
            __attr_validator_knee(self, __attr_knee, self.knee)
            __attr_validator_ankle(self, __attr_ankle, self.ankle)
            __attr_validator_shoulder(self, __attr_shoulder, self.shoulder)
            __attr_validator_elbow(self, __attr_elbow, self.elbow)
            __attr_validator_shoulder_abduction(self, __attr_shoulder_abduction, self.shoulder_abduction)
            __attr_validator_shoulder_rotation(self, __attr_shoulder_rotation, self.shoulder_rotation)
            __attr_validator_shoulder_horizontal(self, __attr_shoulder_horizontal, self.shoulder_horizontal)
            __attr_validator_scapula_elevation(self, __attr_scapula_elevation, self.scapula_elevation)
            __attr_validator_scapula_retraction(self, __attr_scapula_retraction, self.scapula_retraction)
            __attr_validator_forearm(self, __attr_forearm, self.forearm)
            __attr_validator_wrist(self, __attr_wrist, self.wrist)
            __attr_validator_trunk_rotation(self, __attr_trunk_rotation, self.trunk_rotation)
            __attr_validator_trunk_side_bend(self, __attr_trunk_side_bend, self.trunk_side_bend)
            __attr_validator_neck(self, __attr_neck, self.neck)
            __attr_validator_neck_rotation(self, __attr_neck_rotation, self.neck_rotation)
            __attr_validator_neck_side_bend(self, __attr_neck_side_bend, self.neck_side_bend)

    return locals()


def _Pose():
    def __repr__(self):
      try:
        already_repring = _compat.repr_context.already_repring
      except AttributeError:
        already_repring = {id(self),}
        _compat.repr_context.already_repring = already_repring
      else:
        if id(self) in already_repring:
          return '...'
        else:
          already_repring.add(id(self))
      try:
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(position={self.position!r}, view={self.view!r}, start={self.start!r}, end={self.end!r}, props={self.props!r}, origin={self.origin!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.position == other.position and
            self.view == other.view and
            self.start == other.start and
            self.end == other.end and
            self.props == other.props and
            self.origin == other.origin
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.position,
                    self.view,
                    self.start,
                    self.end,
                    self.props,
                    self.origin,
                ))
    def __init__(self, *, position, view=attr_dict['view'].default, start, end=attr_dict['end'].default, props=attr_dict['props'].default, origin=attr_dict['origin'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('position', __attr_converter_position(position))
        _setattr('view', __attr_converter_view(view))
        _setattr('start', start)
        _setattr('end', end)
        _setattr('props', __attr_converter_props(props))
        _setattr('origin', __attr_converter_origin(origin))
        if _config._run_validators is True:
            __attr_validator_position(self, __attr_position, self.position)
            __attr_validator_view(self, __attr_view, self.view)
            __attr_validator_origin(self, __attr_origin, self.origin)
        self.__attrs_post_init__()

    return locals()


def _PoseFrame():
    def __repr__(self):
      try:
        already_repring = _compat.repr_context.already_repring
      except AttributeError:
        already_repring = {id(self),}
        _compat.repr_context.already_repring = already_repring
      else:
        if id(self) in already_repring:
          return '...'
        else:
          already_repring.add(id(self))
      try:
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(trunk={self.trunk!r}, hip={self.hip!r}, hip_abduction={self.hip_abduction!r}, hip_rotation={self.hip_rotation!r}, knee={self.knee!r}, ankle={self.ankle!r}, shoulder={self.shoulder!r}, elbow={self.elbow!r}, shoulder_abduction={self.shoulder_abduction!r}, shoulder_rotation={self.shoulder_rotation!r}, shoulder_horizontal={self.shoulder_horizontal!r}, scapula_elevation={self.scapula_elevation!r}, scapula_retraction={self.scapula_retraction!r}, forearm={self.forearm!r}, wrist={self.wrist!r}, trunk_rotation={self.trunk_rotation!r}, trunk_side_bend={self.trunk_side_bend!r}, neck={self.neck!r}, neck_rotation={self.neck_rotation!r}, neck_side_bend={self.neck_side_bend!r}, working={self.working!r}, constraint={self.constraint!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.trunk == other.trunk and
            self.hip == other.hip and
            self.hip_abduction == other.hip_abduction and
            self.hip_rotation == other.hip_rotation and
            self.knee == other.knee and
            self.ankle == other.ankle and
            self.shoulder == other.shoulder and
            self.elbow == other.elbow and
            self.shoulder_abduction == other.shoulder_abduction and
            self.shoulder_rotation == other.shoulder_rotation and
            self.shoulder_horizontal == other.shoulder_horizontal and
            self.scapula_elevation == other.scapula_elevation and
            self.scapula_retraction == other.scapula_retraction and
            self.forearm == other.forearm and
            self.wrist == other.wrist and
            self.trunk_rotation == other.trunk_rotation and
            self.trunk_side_bend == other.trunk_side_bend and
            self.neck == other.neck and
            self.neck_rotation == other.neck_rotation and
            self.neck_side_bend == other.neck_side_bend and
            self.working == other.working and
            self.constraint == other.constraint
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.trunk,
                    self.hip,
                    self.hip_abduction,
                    self.hip_rotation,
                    self.knee,
                    self.ankle,
                    self.shoulder,
                    self.elbow,
                    self.shoulder_abduction,
                    self.shoulder_rotation,
                    self.shoulder_horizontal,
                    self.scapula_elevation,
                    self.scapula_retraction,
                    self.forearm,
                    self.wrist,
                    self.trunk_rotation,
                    self.trunk_side_bend,
                    self.neck,
                    self.neck_rotation,
                    self.neck_side_bend,
                    self.working,
                    self.constraint,
                ))
    def __init__(self, *, trunk=attr_dict['trunk'].default, hip=attr_dict['hip'].default, hip_abduction=attr_dict['hip_abduction'].default, hip_rotation=attr_dict['hip_rotation'].default, knee=attr_dict['knee'].default, ankle=attr_dict['ankle'].default, shoulder=attr_dict['shoulder'].default, elbow=attr_dict['elbow'].default, shoulder_abduction=attr_dict['shoulder_abduction'].default, shoulder_rotation=attr_dict['shoulder_rotation'].default, shoulder_horizontal=attr_dict['shoulder_horizontal'].default, scapula_elevation=attr_dict['scapula_elevation'].default, scapula_retraction=attr_dict['scapula_retraction'].default, forearm=attr_dict['forearm'].default, wrist=attr_dict['wrist'].default, trunk_rotation=attr_dict['trunk_rotation'].default, trunk_side_bend=attr_dict['trunk_side_bend'].default, neck=attr_dict['neck'].default, neck_rotation=attr_dict['neck_rotation'].default, neck_side_bend=attr_dict['neck_side_bend'].default, working=attr_dict['working'].default, constraint=attr_dict['constraint'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('trunk', trunk)
        _setattr('hip', hip)
        _setattr('hip_abduction', hip_abduction)
        _setattr('hip_rotation', hip_rotation)
        _setattr('knee', knee)
        _setattr('ankle', ankle)
        _setattr('shoulder', shoulder)
        _setattr('elbow', elbow)
        _setattr('shoulder_abduction', shoulder_abduction)
        _setattr('shoulder_rotation', shoulder_rotation)
        _setattr('shoulder_horizontal', shoulder_horizontal)
        _setattr('scapula_elevation', scapula_elevation)
        _setattr('scapula_retraction', scapula_retraction)
        _setattr('forearm', forearm)
        _setattr('wrist', wrist)
        _setattr('trunk_rotation', trunk_rotation)
        _setattr('trunk_side_bend', trunk_side_bend)
        _setattr('neck', neck)
        _setattr('neck_rotation', neck_rotation)
        _setattr('neck_side_bend', neck_side_bend)
        _setattr('working', working)
        _setattr('constraint', __attr_converter_constraint(constraint))
        if _config._run_validators is True:
            __attr_validator_trunk(self, __attr_trunk, self.trunk)
            __attr_validator_hip(self, __attr_hip, self.hip)
            __attr_validator_hip_abduction(self, __attr_hip_abduction, self.hip_abduction)
            __attr_validator_hip_rotation(self, __attr_hip_rotation, self.hip_rotation)
            __attr_validator_knee(self, __attr_knee, self.knee)
            __attr_validator_ankle(self, __attr_ankle, self.ankle)
            __attr_validator_shoulder(self, __attr_shoulder, self.shoulder)
            __attr_validator_elbow(self, __attr_elbow, self.elbow)
            __attr_validator_shoulder_abduction(self, __attr_shoulder_abduction, self.shoulder_abduction)
            __attr_validator_shoulder_rotation(self, __attr_shoulder_rotation, self.shoulder_rotation)
            __attr_validator_shoulder_horizontal(self, __attr_shoulder_horizontal, self.shoulder_horizontal)
            __attr_validator_scapula_elevation(self, __attr_scapula_elevation, self.scapula_elevation)
            __attr_validator_scapula_retraction(self, __attr_scapula_retraction, self.scapula_retraction)
            __attr_validator_forearm(self, __attr_forearm, self.forearm)
            __attr_validator_wrist(self, __attr_wrist, self.wrist)
            __attr_validator_trunk_rotation(self, __attr_trunk_rotation, self.trunk_rotation)
            __attr_validator_trunk_side_bend(self, __attr_trunk_side_bend, self.trunk_side_bend)
            __attr_validator_neck(self, __attr_neck, self.neck)
            __attr_validator_neck_rotation(self, __attr_neck_rotation, self.neck_rotation)
            __attr_validator_neck_side_bend(self, __attr_neck_side_bend, self.neck_side_bend)
            __attr_validator_constraint(self, __attr_constraint, self.constraint)

    return locals()


def _Prop():
    def __repr__(self):
      try:
        already_repring = _compat.repr_context.already_repring
      except AttributeError:
        already_repring = {id(self),}
        _compat.repr_context.already_repring = already_repring
      else:
        if id(self) in already_repring:
          return '...'
        else:
          already_repring.add(id(self))
      try:
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(kind={self.kind!r}, at={self.at!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.kind == other.kind and
            self.at == other.at
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.kind,
                    self.at,
                ))
    def __init__(self, *, kind, at=attr_dict['at'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('kind', __attr_converter_kind(kind))
        _setattr('at', __attr_converter_at(at))
        if _config._run_validators is True:
            __attr_validator_kind(self, __attr_kind, self.kind)
            __attr_validator_at(self, __attr_at, self.at)

    return locals()


METHODS = {
    'Joints': ('e474d681f2534ac726e091cedb3fdc08d94e2f54a9bfa8e1c7e3c15aa03ed710', _Joints),
    'Pose': ('d9c263204f34d4ad95e141537c2af45d43b493fbfabe470dc131d5f19acbb78f', _Pose),
    'PoseFrame': ('4e1f3223580a90b0257ca01e80bbb9ce9cad59fdd58a5225148270312f74b401', _PoseFrame),
    'Prop': ('302eca96818468c82f4d6819d62de2291fe27fcf40b992696fef9cfd18bc3629', _Prop),
}
