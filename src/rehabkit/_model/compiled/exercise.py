"""attrs' methods for the classes of ``rehabkit._model.exercise``, as the text attrs writes for them.

Written by scripts/update-model-methods; do not edit (see ``rehabkit._model.methods``).
"""

# mypy: ignore-errors
# fmt: off

# attrs compiles its text under this future import of its own module: so are these.
from __future__ import annotations


def _Equipment():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(name={self.name!r}, alternatives={self.alternatives!r}, sources={self.sources!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.name == other.name and
            self.alternatives == other.alternatives and
            self.sources == other.sources
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.name,
                    self.alternatives,
                    self.sources,
                ))
    def __init__(self, *, name, alternatives=attr_dict['alternatives'].default, sources=attr_dict['sources'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('name', name)
        _setattr('alternatives', __attr_converter_alternatives(alternatives))
        _setattr('sources', __attr_converter_sources(sources))
        if _config._run_validators is True:
            __attr_validator_name(self, __attr_name, self.name)
            __attr_validator_alternatives(self, __attr_alternatives, self.alternatives)
            __attr_validator_sources(self, __attr_sources, self.sources)

    return locals()


def _Exercise():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(id={self.id!r}, name={self.name!r}, name_origin={self.name_origin!r}, aliases={self.aliases!r}, side={self.side!r}, limb={self.limb!r}, starting_position={self.starting_position!r}, steps={self.steps!r}, feel={self.feel!r}, target_muscles={self.target_muscles!r}, equipment={self.equipment!r}, joint_angles={self.joint_angles!r}, dosage={self.dosage!r}, easier={self.easier!r}, harder={self.harder!r}, safety={self.safety!r}, sources={self.sources!r}, pose={self.pose!r}, media={self.media!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.id == other.id and
            self.name == other.name and
            self.name_origin == other.name_origin and
            self.aliases == other.aliases and
            self.side == other.side and
            self.limb == other.limb and
            self.starting_position == other.starting_position and
            self.steps == other.steps and
            self.feel == other.feel and
            self.target_muscles == other.target_muscles and
            self.equipment == other.equipment and
            self.joint_angles == other.joint_angles and
            self.dosage == other.dosage and
            self.easier == other.easier and
            self.harder == other.harder and
            self.safety == other.safety and
            self.sources == other.sources and
            self.pose == other.pose and
            self.media == other.media
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.id,
                    self.name,
                    self.name_origin,
                    self.aliases,
                    self.side,
                    self.limb,
                    self.starting_position,
                    self.steps,
                    self.feel,
                    self.target_muscles,
                    self.equipment,
                    self.joint_angles,
                    self.dosage,
                    self.easier,
                    self.harder,
                    self.safety,
                    self.sources,
                    self.pose,
                    self.media,
                ))
    def __init__(self, *, id, name, name_origin=attr_dict['name_origin'].default, aliases=attr_dict['aliases'].default, side=attr_dict['side'].default, limb=attr_dict['limb'].default, starting_position=attr_dict['starting_position'].default, steps, feel, target_muscles, equipment=attr_dict['equipment'].default, joint_angles=attr_dict['joint_angles'].default, dosage=attr_dict['dosage'].default, easier=attr_dict['easier'].default, harder=attr_dict['harder'].default, safety=attr_dict['safety'].default, sources=attr_dict['sources'].default, pose=attr_dict['pose'].default, media=attr_dict['media'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('id', id)
        _setattr('name', name)
        _setattr('name_origin', __attr_converter_name_origin(name_origin))
        _setattr('aliases', __attr_converter_aliases(aliases))
        _setattr('side', __attr_converter_side(side))
        _setattr('limb', __attr_converter_limb(limb))
        _setattr('starting_position', starting_position)
        _setattr('steps', __attr_converter_steps(steps))
        _setattr('feel', feel)
        _setattr('target_muscles', __attr_converter_target_muscles(target_muscles))
        _setattr('equipment', __attr_converter_equipment(equipment))
        _setattr('joint_angles', __attr_converter_joint_angles(joint_angles))
        _setattr('dosage', dosage)
        _setattr('easier', __attr_converter_easier(easier))
        _setattr('harder', __attr_converter_harder(harder))
        _setattr('safety', __attr_converter_safety(safety))
        _setattr('sources', __attr_converter_sources(sources))
        _setattr('pose', pose)
        _setattr('media', __attr_converter_media(media))
        if _config._run_validators is True:
            __attr_validator_id(self, __attr_id, self.id)
            __attr_validator_name(self, __attr_name, self.name)
            __attr_validator_name_origin(self, __attr_name_origin, self.name_origin)
            __attr_validator_aliases(self, __attr_aliases, self.aliases)
            __attr_validator_side(self, __attr_side, self.side)
            __attr_validator_limb(self, __attr_limb, self.limb)
            __attr_validator_starting_position(self, __attr_starting_position, self.starting_position)
            __attr_validator_steps(self, __attr_steps, self.steps)
            __attr_validator_feel(self, __attr_feel, self.feel)
            __attr_validator_target_muscles(self, __attr_target_muscles, self.target_muscles)
            __attr_validator_easier(self, __attr_easier, self.easier)
            __attr_validator_harder(self, __attr_harder, self.harder)
            __attr_validator_safety(self, __attr_safety, self.safety)
            __attr_validator_sources(self, __attr_sources, self.sources)
        self.__attrs_post_init__()

    return locals()


def _JointAngle():
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
        return f'{self.__class__.__qualname__.rsplit(">.", 1)[-1]}(joint={self.joint!r}, motion={self.motion!r}, angle={self.angle!r}, note={self.note!r})'
      finally:
        already_repring.remove(id(self))
    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return  (
            self.joint == other.joint and
            self.motion == other.motion and
            self.angle == other.angle and
            self.note == other.note
        )
    def __hash__(self):
            return hash((
                    __rehabkit_type_hash,
                    self.joint,
                    self.motion,
                    self.angle,
                    self.note,
                ))
    def __init__(self, *, joint, motion, angle, note=attr_dict['note'].default):
        _setattr = _cached_setattr_get(self)
        _setattr('joint', __attr_converter_joint(joint))
        _setattr('motion', __attr_converter_motion(motion))
        _setattr('angle', angle)
        _setattr('note', note)
        if _config._run_validators is True:
            __attr_validator_joint(self, __attr_joint, self.joint)
            __attr_validator_motion(self, __attr_motion, self.motion)
            __attr_validator_angle(self, __attr_angle, self.angle)
            __attr_validator_note(self, __attr_note, self.note)

    return locals()


METHODS = {
    'Equipment': ('72003d533e298c64805e259ae383107030de1885e5694da72d4246e1ac91c5c6', _Equipment),
    'Exercise': ('6eb2f2f7ff9966e68731b780a9926b1915d64a2c8691ce6adae2c9901bf6d6d1', _Exercise),
    'JointAngle': ('51ca0c8dfd78b298a7704aa25e73e447914f4fd840d3d38dbdcb38889bb249f5', _JointAngle),
}
